package io.eventwire.test.autoconfigure;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's in-memory backend, answering {@code hello} as it answers {@code isMaster}:
 * Boot's MongoDB health indicator sends {@code hello}, which the server does not know, and would
 * report the server down.
 */
class InMemoryMongoBackend extends MemoryBackend {

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if ("hello".equalsIgnoreCase(command)) {
			Document answer = super.handleCommand(channel, databaseName, "isMaster", query);
			answer.put("isWritablePrimary", Boolean.TRUE);
			return answer;
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

}
