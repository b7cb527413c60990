package io.eventwire.test.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java application (typically a Spring Boot application class's {@code main}) started in a JVM of
 * its own from the test's class path, so that a test can kill it with SIGKILL the way a machine
 * or an orchestrator does, and start another one.
 * <pre class="code">
 * try (ApplicationProcess relay = ApplicationProcess.start(RelayMain.class, Path.of("target", "relay.log"),
 *         "--spring.kafka.bootstrap-servers=" + brokers)) {
 *     ...
 *     relay.kill();   // SIGKILL: no shutdown hooks, no graceful leave
 * }
 * </pre>
 * Its standard output and error go to the given log file.
 */
public final class ApplicationProcess implements AutoCloseable {

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private final Process process;

	private ApplicationProcess(Process process) {
		this.process = process;
	}

	/**
	 * Start {@code mainClass} with a 384 MB heap.
	 * @param mainClass a class with a {@code main} method, on the test's class path
	 * @param log where the process's output goes
	 * @param args the program arguments, such as {@code --spring.*} properties
	 * @return the running process
	 */
	public static ApplicationProcess start(Class<?> mainClass, Path log, String... args) {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-cp", classPath, mainClass.getName()));
		command.addAll(List.of(args));
		try {
			Path parent = log.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			return new ApplicationProcess(
					new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + mainClass.getName(), ex);
		}
	}

	/**
	 * Kill the process with SIGKILL and wait until it is gone.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Process " + this.process.pid() + " did not end within " + EXIT_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stop the process with SIGSTOP: every thread halts where it is, as in a long GC pause or a
	 * frozen container, until {@link #resume()}. Nothing of it runs meanwhile, heartbeats included.
	 */
	public void pause() {
		signal("STOP");
	}

	/**
	 * Let a {@link #pause() paused} process go on with SIGCONT.
	 */
	public void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).inheritIO().start();
			if (!kill.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("Could not send SIG" + signal + " to process " + this.process.pid());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not send SIG" + signal + " to process " + this.process.pid(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return whether the process is still running
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Kill the process if it still runs.
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
