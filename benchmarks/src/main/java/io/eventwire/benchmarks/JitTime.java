package io.eventwire.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time the JVM's JIT compiler threads spent so far, read from Linux's per-thread statistics
 * ({@code /proc/self/task/<tid>/stat}, in clock ticks of 10 ms): compiling is warm-up that a
 * running service pays once, not per event, and each repetition's new context makes the JVM compile
 * again. Zero where there is no {@code /proc}. Only threads alive now are read: the benchmark JVM
 * runs with {@code -XX:-UseDynamicNumberOfCompilerThreads}, or a compiler thread that ended would
 * take its time out of this sum but not out of the process's.
 */
final class JitTime {

	private static final Path TASKS = Path.of("/proc/self/task");

	private static final long NANOS_PER_TICK = 10_000_000;

	private JitTime() {
	}

	static long nanos() {
		if (!Files.isDirectory(TASKS)) {
			return 0;
		}
		try (Stream<Path> tasks = Files.list(TASKS)) {
			return tasks.mapToLong(JitTime::compilerNanos).sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static long compilerNanos(Path task) {
		try {
			String stat = Files.readString(task.resolve("stat"));
			// pid (comm) state ...: the name may hold spaces, so the fields count from the last ')'.
			String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
			if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
				return 0;
			}
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime are the stat file's 14th and 15th fields, the 12th and 13th after the name.
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			// A thread that ended meanwhile.
			return 0;
		}
	}

}
