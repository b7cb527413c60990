package io.eventwire.outbox;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server whose {@code $currentDate} stamps the backend's clock, which a test moves, as
 * {@code hello} does: mongo-java-server itself stamps the system's time.
 */
class ClockedBackend extends MemoryBackend {

	private final Clock clock;

	ClockedBackend(Clock clock) {
		super(clock);
		this.clock = clock;
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (command.equalsIgnoreCase("update") && query.get("updates") instanceof List<?> updates) {
			updates.forEach((update) -> stamp((Document) ((Document) update).get("u")));
		}
		if (command.equalsIgnoreCase("findAndModify") && query.get("update") instanceof Document update) {
			stamp(update);
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

	private void stamp(Object update) {
		if (update instanceof Document document && document.remove("$currentDate") instanceof Document fields) {
			Document set = (document.get("$set") instanceof Document existing) ? existing : new Document();
			for (Map.Entry<String, Object> field : fields.entrySet()) {
				set.put(field.getKey(), this.clock.instant());
			}
			document.put("$set", set);
		}
	}

}
