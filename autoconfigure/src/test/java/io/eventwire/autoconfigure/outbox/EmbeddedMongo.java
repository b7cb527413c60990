package io.eventwire.autoconfigure.outbox;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire server in memory (mongo-java-server) for one test class.
 */
public final class EmbeddedMongo implements AutoCloseable {

	private final MongoServer server = new MongoServer(new MemoryBackend());

	private final String uri;

	public EmbeddedMongo(String database) {
		this.uri = this.server.bindAndGetConnectionString() + "/" + database;
	}

	public String uri() {
		return this.uri;
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

}
