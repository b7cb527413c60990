package io.eventwire.benchmarks;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Runs mongo-java-server on a given port until the process is ended: the MongoDB server of
 * {@link MongoServerProcess}, with the non-unique indexes it is asked for
 * ({@link IndexedMemoryBackend}).
 */
public final class MongoServerMain {

	private MongoServerMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		MongoServer server = new MongoServer(new IndexedMemoryBackend());
		server.bind("localhost", Integer.parseInt(args[0]));
		System.out.println("mongo-java-server listening on " + args[0]);
		Thread.currentThread().join();
	}

}
