package io.eventwire.reliability;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB-wire server (mongo-java-server) that a scenario stops and starts again on the same
 * port with its data, as a real server on a disk would come back.
 */
final class RestartableMongo implements AutoCloseable {

	// A server shut down closes its backend, which drops the data: this one keeps it.
	private final MemoryBackend data = new MemoryBackend() {
		@Override
		public void close() {
		}
	};

	private final int port;

	private MongoServer server = new MongoServer(this.data);

	RestartableMongo() {
		this.port = this.server.bind().getPort();
	}

	/**
	 * @param database the database name
	 * @return a connection string whose client notices an unreachable server within half a second
	 */
	String uri(String database) {
		return "mongodb://localhost:" + this.port + "/" + database
				+ "?serverSelectionTimeoutMS=500&connectTimeoutMS=500&socketTimeoutMS=5000&heartbeatFrequencyMS=500";
	}

	void stop() {
		this.server.shutdownNow();
	}

	void start() {
		this.server = new MongoServer(this.data);
		this.server.bind("localhost", this.port);
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

}
