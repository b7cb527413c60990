package io.eventwire.autoconfigure.outbox;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

/**
 * mongo-java-server answering as a real server does to a user with the built-in {@code readWrite}
 * role: {@code collMod} is refused ({@code Unauthorized}, code 13), and a TTL index asked for with
 * another expiry than the existing one is refused as a real server refuses it
 * ({@code IndexOptionsConflict}, code 85), which mongo-java-server itself accepts silently.
 */
final class ReadWriteRoleBackend extends MemoryBackend {

	final AtomicInteger refusedCollMods = new AtomicInteger();

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (command.equalsIgnoreCase("collMod")) {
			this.refusedCollMods.incrementAndGet();
			throw new MongoServerError(13, "Unauthorized",
					"not authorized on " + databaseName + " to execute command { collMod: \"" + query.get("collMod") + "\" }");
		}
		if (command.equalsIgnoreCase("createIndexes")) {
			refuseOtherExpiry(channel, databaseName, query);
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

	@SuppressWarnings("unchecked")
	private void refuseOtherExpiry(Channel channel, String databaseName, Document query) {
		String collection = (String) query.get("createIndexes");
		if (resolveDatabase(databaseName).resolveCollection(collection, false) == null) {
			return;
		}
		Document listed = super.handleCommand(channel, databaseName, "listIndexes",
				new Document("listIndexes", collection));
		List<Document> existing = (List<Document>) ((Document) listed.get("cursor")).get("firstBatch");
		for (Document wanted : (List<Document>) query.get("indexes")) {
			for (Document index : existing) {
				if (Objects.equals(index.get("key"), wanted.get("key")) && wanted.containsKey("expireAfterSeconds")
						&& !Objects.equals(number(index.get("expireAfterSeconds")), number(wanted.get("expireAfterSeconds")))) {
					throw new MongoServerError(85, "IndexOptionsConflict",
							"An equivalent index already exists with the same name but different options");
				}
			}
		}
	}

	private static Long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : null;
	}

}
