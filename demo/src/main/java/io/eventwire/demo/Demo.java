package io.eventwire.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Runs the order and the shipping service, each in a JVM of its own, on an embedded Kafka broker
 * and an in-memory MongoDB-wire server in this JVM; places a few orders (one that cannot be
 * shipped), and prints what happened. Then it keeps running for {@code curl}, unless started with
 * {@code --exit}. The services' logs go to files, the broker logs warnings only.
 */
public final class Demo implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private final EmbeddedKafkaKraftBroker kafka;

	private final MongoServer mongo;

	private final ServiceProcess orderService;

	private final ServiceProcess shippingService;

	private final HttpClient http = HttpClient.newHttpClient();

	private Demo(boolean fixedPorts, Path logs, PrintStream out) throws InterruptedException {
		// This JVM only hosts the broker and the database, whose warnings about a fresh single-node
		// setup are noise here; mongo-java-server logs each command it lacks (the driver's "hello").
		LoggingSystem logging = LoggingSystem.get(Demo.class.getClassLoader());
		logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.ERROR);
		logging.setLogLevel("de.bwaldvogel", LogLevel.OFF);
		this.kafka = startBroker(logs.resolve("kafka.log"));
		this.mongo = new MongoServer(new MemoryBackend());
		String mongoUri = this.mongo.bindAndGetConnectionString();
		String brokers = this.kafka.getBrokersAsString();
		DemoPorts ports = fixedPorts ? DemoPorts.preferring(8080, 8081) : DemoPorts.ephemeral();
		ports.describeChanges(out);
		this.orderService = ServiceProcess.start("order-service", ports.orderService(), logs,
				arguments("order-service", brokers, mongoUri + "/orders", "--orders.transactions=false"));
		this.shippingService = ServiceProcess.start("shipping-service", ports.shippingService(), logs,
				arguments("shipping-service", brokers, mongoUri + "/shipping", "--shipping.countries=DE,FR,NL,US",
						"--shipping.dispatch-delay=2s", "--shipping.dispatch-interval=500ms"));
		out.printf("Starting order-service (%s) and shipping-service (%s); their logs: %s%n", this.orderService.url(),
				this.shippingService.url(), logs.toAbsolutePath().normalize());
		try {
			this.orderService.awaitUp(this.http, STARTUP_TIMEOUT);
			this.shippingService.awaitUp(this.http, STARTUP_TIMEOUT);
		}
		catch (RuntimeException | InterruptedException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Kafka's storage formatter prints to standard output: that goes to a file.
	 */
	private static EmbeddedKafkaKraftBroker startBroker(Path log) {
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3, "orders", "shipments", "dlq",
				"retry-order-service", "retry-shipping-service");
		PrintStream console = System.out;
		try {
			Files.createDirectories(log.getParent());
			try (PrintStream file = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
				System.setOut(file);
				kafka.afterPropertiesSet();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + log, ex);
		}
		finally {
			System.setOut(console);
		}
		return kafka;
	}

	/**
	 * Both samples' {@code application.yml} are on the demo's one class path, and only the first is
	 * read: what differs between them is given here.
	 */
	private static List<String> arguments(String name, String brokers, String mongoUri, String... more) {
		List<String> args = new ArrayList<>(List.of("--spring.application.name=" + name,
				"--spring.kafka.bootstrap-servers=" + brokers, "--spring.mongodb.uri=" + mongoUri,
				"--spring.mvc.problemdetails.enabled=true", "--eventwire.consumer.deduplication.enabled=true",
				"--eventwire.outbox.relay.poll-interval=250ms",
				"--management.endpoints.web.exposure.include=health,metrics,eventwireDlq,eventwireConsole",
				// On the demo's local ports only: its report shows how to replay and discard, and the
				// operator's console acts, with payloads in full.
				"--management.endpoint.eventwireDlq.access=unrestricted", "--eventwire.console.enabled=true",
				"--eventwire.console.payloads=full", "--management.endpoint.eventwireConsole.access=unrestricted",
				// The in-memory MongoDB-wire server does not answer the health indicator's "hello".
				"--management.health.mongodb.enabled=false", "--management.endpoint.health.probes.enabled=true",
				"--logging.level.org.apache.kafka=warn", "--logging.level.org.mongodb.driver=warn",
				"--spring.main.banner-mode=off"));
		args.addAll(Arrays.asList(more));
		return args;
	}

	/**
	 * Run the scenario: place orders, wait for the shipping service to answer, collect the result.
	 * @return what happened
	 * @throws Exception when the services do not answer in time
	 */
	public DemoReport runScenario() throws Exception {
		return new DemoScenario(this.http, orderServiceUrl(), shippingServiceUrl()).run();
	}

	/**
	 * @return the order service's base URL
	 */
	public String orderServiceUrl() {
		return this.orderService.url();
	}

	/**
	 * @return the shipping service's base URL
	 */
	public String shippingServiceUrl() {
		return this.shippingService.url();
	}

	/**
	 * @param service {@code order-service} or {@code shipping-service}
	 * @return the file that service's output goes to
	 */
	public Path log(String service) {
		return (this.orderService.name().equals(service) ? this.orderService : this.shippingService).log();
	}

	@Override
	public void close() {
		// The services first, so that they stop while the broker and the database still answer.
		this.orderService.close();
		this.shippingService.close();
		this.kafka.destroy();
		this.mongo.shutdownNow();
	}

	/**
	 * Start the demo: the embedded broker and MongoDB-wire server here, each sample in a JVM of
	 * its own, and wait until both services are up.
	 * @param exitAfterScenario whether to use free ephemeral ports (for tests and {@code --exit})
	 * rather than 8080 and 8081 (or the next free ones)
	 * @param logs the directory for the services' log files
	 * @param out where to say what is started where
	 * @return the running demo
	 * @throws InterruptedException when interrupted while waiting for the services
	 */
	public static Demo start(boolean exitAfterScenario, Path logs, PrintStream out) throws InterruptedException {
		return new Demo(!exitAfterScenario, logs, out);
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && DemoService.ARGUMENT.equals(args[0])) {
			DemoService.run(args);
			return;
		}
		boolean exit = Arrays.asList(args).contains("--exit");
		Demo demo;
		DemoReport report;
		try {
			demo = start(exit, logDirectory(), System.out);
		}
		catch (Exception ex) {
			System.err.println("The demo could not start: " + ex.getMessage());
			System.exit(1);
			return;
		}
		try {
			report = demo.runScenario();
		}
		catch (Exception ex) {
			demo.close();
			System.err.println("The demo failed: " + ex.getMessage());
			System.exit(1);
			return;
		}
		System.out.print(report.format(demo.orderServiceUrl(), demo.shippingServiceUrl(), !exit));
		System.out.println(report.summary());
		if (exit) {
			demo.close();
			System.exit(0);
		}
		System.out.println("Running; press Ctrl-C to stop.");
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			demo.close();
			stopped.countDown();
		}));
		stopped.await();
	}

	/**
	 * Next to the demo's jar when it runs from it ({@code demo/target/demo-logs}), else under
	 * {@code target}.
	 */
	private static Path logDirectory() {
		Path classPath = Path.of(System.getProperty("java.class.path"));
		boolean fromJar = Demo.class.getClassLoader() != ClassLoader.getSystemClassLoader();
		Path base = (fromJar && classPath.toAbsolutePath().getParent() != null) ? classPath.toAbsolutePath().getParent()
				: Path.of("target");
		return base.resolve("demo-logs");
	}

}
