package io.eventwire.autoconfigure.outbox;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

/**
 * A MongoDB wire server in memory (mongo-java-server) for one test class, stamping
 * {@code $currentDate} timestamps as a real server does ({@link ClusterTimeBackend}).
 */
public final class EmbeddedMongo implements AutoCloseable {

	private final MongoServer server;

	private final String uri;

	public EmbeddedMongo(String database) {
		this(database, new ClusterTimeBackend());
	}

	EmbeddedMongo(String database, MongoBackend backend) {
		this.server = new MongoServer(backend);
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
