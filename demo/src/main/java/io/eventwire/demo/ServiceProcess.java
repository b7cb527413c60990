package io.eventwire.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One sample service in a JVM of its own, as it runs in production: its own logging (so its log
 * lines carry its own service name), its own Kafka clients, its own shutdown. Its output goes to a
 * log file, not to the demo's console.
 */
final class ServiceProcess implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final int port;

	private final Path log;

	private final Process process;

	private ServiceProcess(String name, int port, Path log, Process process) {
		this.name = name;
		this.port = port;
		this.log = log;
		this.process = process;
	}

	/**
	 * Start a sample service with the demo's own class path: {@code java -jar} where the demo runs
	 * from its executable jar, {@code java -cp} otherwise (tests, IDEs).
	 */
	static ServiceProcess start(String name, int port, Path logs, List<String> args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		if (Demo.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
			// Spring Boot's launcher loaded us from the executable jar: start that jar again.
			command.addAll(List.of("-jar", System.getProperty("java.class.path")));
		}
		else {
			command.addAll(List.of("-cp",
					System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
					Demo.class.getName()));
		}
		command.addAll(List.of(DemoService.ARGUMENT, name, "--server.port=" + port));
		command.addAll(args);
		Path log = logs.resolve(name + ".log");
		try {
			Files.createDirectories(logs);
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			return new ServiceProcess(name, port, log, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name, ex);
		}
	}

	/**
	 * Wait until the service is ready for traffic (its readiness probe answers 200).
	 */
	void awaitUp(HttpClient http, Duration timeout) throws InterruptedException {
		HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " stopped with exit code " + this.process.exitValue()
						+ " while starting; see " + this.log.toAbsolutePath());
			}
			try {
				if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(this.name + " did not start within " + timeout + "; see "
						+ this.log.toAbsolutePath());
			}
			Thread.sleep(250);
		}
	}

	String name() {
		return this.name;
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	Path log() {
		return this.log;
	}

	/**
	 * Stop the service as an orchestrator does: SIGTERM, so that it shuts down gracefully.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
