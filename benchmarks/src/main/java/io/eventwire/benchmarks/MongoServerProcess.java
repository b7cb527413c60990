package io.eventwire.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server in a JVM of its own, so that the benchmark's JVM spends and holds what the
 * application does, not what the database server does.
 */
final class MongoServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private MongoServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Start the server and wait until it accepts connections.
	 * @param maxHeap the server's maximum heap, such as {@code 3g}
	 */
	static MongoServerProcess start(String maxHeap) {
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			// Surefire starts tests with a manifest-only jar; it names the real class path here.
			String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
			List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-cp", classPath,
					MongoServerMain.class.getName(), String.valueOf(port)));
			Path log = Files.createTempFile("mongo-java-server", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			MongoServerProcess server = new MongoServerProcess(process, port);
			server.awaitListening(log);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitListening(Path log) throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("mongo-java-server exited: " + Files.readString(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("localhost", this.port), 200);
				return;
			}
			catch (IOException notYet) {
				try {
					TimeUnit.MILLISECONDS.sleep(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}
		throw new IllegalStateException("mongo-java-server did not listen within 60 s: " + Files.readString(log));
	}

	String uri() {
		return "mongodb://localhost:" + this.port;
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
