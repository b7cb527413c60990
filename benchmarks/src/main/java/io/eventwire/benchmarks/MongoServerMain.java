package io.eventwire.benchmarks;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Runs mongo-java-server on a given port until the process is ended: the MongoDB server of
 * {@link MongoServerProcess}.
 */
public final class MongoServerMain {

	private MongoServerMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		MongoServer server = new MongoServer(new MemoryBackend());
		server.bind("localhost", Integer.parseInt(args[0]));
		System.out.println("mongo-java-server listening on " + args[0]);
		Thread.currentThread().join();
	}

}
