package io.eventwire.test.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) in a JVM process of its own, so
 * that a test can kill it with SIGKILL and start it again on the same data directory, as happens
 * to brokers in production.
 * <p>
 * The broker runs from the test's own class path ({@code kafka_2.13}, which spring-kafka-test brings).
 * Its output goes to {@code broker.log} in the data directory.
 * <pre class="code">
 * try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(tempDir)) {
 *     String servers = broker.bootstrapServers();
 *     broker.kill();     // SIGKILL
 *     broker.restart();  // same ports, same data
 * }
 * </pre>
 */
public final class KafkaBrokerProcess implements AutoCloseable {

	/** The super user of a {@link #startSecured secured} broker. */
	public static final String ADMIN = "admin";

	/** The super user's password. */
	public static final String ADMIN_PASSWORD = "admin-secret";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	private final Path dataDirectory;

	private final int port;

	private final Path config;

	private final Map<String, Object> adminSecurity;

	private @Nullable Process process;

	private KafkaBrokerProcess(Path dataDirectory, int port, Path config, Map<String, Object> adminSecurity) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.config = config;
		this.adminSecurity = adminSecurity;
	}

	/**
	 * Format a data directory and start a broker on free ports; returns once it answers.
	 * @param dataDirectory where the broker keeps its logs and metadata
	 * @return the running broker
	 */
	public static KafkaBrokerProcess start(Path dataDirectory) {
		return start(dataDirectory, null);
	}

	/**
	 * Like {@link #start(Path)}, but clients must authenticate (SASL/PLAIN over plaintext) and ACLs
	 * are enforced ({@code StandardAuthorizer}; nothing is allowed without an ACL). The user
	 * {@value #ADMIN} (password {@value #ADMIN_PASSWORD}) is a super user, for the test's own admin
	 * client, producers and consumers.
	 * @param dataDirectory where the broker keeps its logs and metadata
	 * @param users the other users and their passwords
	 * @return the running broker
	 */
	public static KafkaBrokerProcess startSecured(Path dataDirectory, Map<String, String> users) {
		return start(dataDirectory, users);
	}

	private static KafkaBrokerProcess start(Path dataDirectory, @Nullable Map<String, String> users) {
		try {
			Files.createDirectories(dataDirectory);
			int port = freePort();
			int controllerPort = freePort();
			Path config = dataDirectory.resolve("server.properties");
			Files.writeString(config, String.join("\n", BrokerConfig.lines(dataDirectory, port, controllerPort, users)));
			KafkaBrokerProcess broker = new KafkaBrokerProcess(dataDirectory, port, config,
					(users != null) ? clientSecurity(ADMIN, ADMIN_PASSWORD) : Map.of());
			broker.run("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
					config.toString());
			broker.restart();
			return broker;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param user a user of a {@link #startSecured secured} broker
	 * @param password its password
	 * @return the client properties that log in as that user
	 */
	public static Map<String, Object> clientSecurity(String user, String password) {
		return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
				BrokerConfig.plainLogin(user, password) + ";");
	}

	/**
	 * @return properties for an admin client, producer or consumer with every right: the bootstrap
	 * servers, and on a {@link #startSecured secured} broker the super user's login
	 */
	public Map<String, Object> adminClientProperties() {
		Map<String, Object> properties = new HashMap<>(this.adminSecurity);
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		return properties;
	}

	/**
	 * @return the broker's bootstrap servers, {@code localhost:<port>}
	 */
	public String bootstrapServers() {
		return "localhost:" + this.port;
	}

	/**
	 * Kill the broker process at once (SIGKILL), as a crash would.
	 */
	public void kill() {
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
			waitFor(running);
			this.process = null;
		}
	}

	/**
	 * Stop the broker cleanly (SIGTERM).
	 */
	public void stop() {
		Process running = this.process;
		if (running != null) {
			running.destroy();
			waitFor(running);
			this.process = null;
		}
	}

	/**
	 * Start the broker again on the same ports and data; returns once it answers.
	 */
	public void restart() {
		if (this.process != null) {
			throw new IllegalStateException("The broker is running");
		}
		List<String> command = command("kafka.Kafka", this.config.toString());
		command.add(1, "-Xmx512m");
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dataDirectory.resolve("broker.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitReady();
	}

	/**
	 * @return whether the broker process is alive
	 */
	public boolean isRunning() {
		Process running = this.process;
		return running != null && running.isAlive();
	}

	@Override
	public void close() {
		kill();
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		Exception last = null;
		while (System.nanoTime() < deadline) {
			if (!isRunning()) {
				throw new IllegalStateException("The broker exited; see " + this.dataDirectory.resolve("broker.log"));
			}
			Map<String, Object> properties = adminClientProperties();
			properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
			properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
			try (Admin admin = Admin.create(properties)) {
				if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
					return;
				}
			}
			catch (Exception ex) {
				last = ex;
			}
		}
		throw new IllegalStateException("The broker did not answer within " + READY_TIMEOUT, last);
	}

	private void run(String mainClass, String... arguments) {
		try {
			Process tool = new ProcessBuilder(command(mainClass, arguments)).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dataDirectory.resolve("broker.log").toFile()))
				.start();
			if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
				throw new IllegalStateException(mainClass + " failed; see " + this.dataDirectory.resolve("broker.log"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> command(String mainClass, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		// Surefire starts tests with a manifest-only jar; it names the real class path here.
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		command.add(classPath);
		command.add(mainClass);
		command.addAll(List.of(arguments));
		return command;
	}

	private static void waitFor(Process process) {
		try {
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
