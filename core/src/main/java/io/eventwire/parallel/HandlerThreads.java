package io.eventwire.parallel;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The handler threads of one consumer group: a fixed pool of {@code concurrency x parallelism}
 * platform threads named {@code eventwire-<group>-<n>} (handlers block on I/O, with drivers
 * that pin virtual threads on Java 17 to 23, and a bound keeps a slow dependency from growing
 * threads without end), and one thread that waits out back-offs ({@code eventwire-<group>-retry}),
 * so a key waiting for its next attempt holds no handler thread. Each thread knows its consumer
 * group, as a consumer thread does ({@link KafkaUtils#getConsumerGroupId()}).
 */
final class HandlerThreads {

	private final String groupId;

	private volatile @Nullable ThreadPoolExecutor handlers;

	private volatile @Nullable ScheduledExecutorService scheduler;

	HandlerThreads(String groupId) {
		this.groupId = groupId;
	}

	/**
	 * Start the threads (idle ones end after a minute).
	 * @param threads how many handler threads at most
	 */
	synchronized void start(int threads) {
		if (this.handlers != null) {
			return;
		}
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), factory((number) -> "eventwire-" + this.groupId + "-" + number));
		pool.allowCoreThreadTimeOut(true);
		ScheduledThreadPoolExecutor retries = new ScheduledThreadPoolExecutor(1,
				factory((number) -> "eventwire-" + this.groupId + "-retry"));
		retries.setRemoveOnCancelPolicy(true);
		this.handlers = pool;
		this.scheduler = retries;
	}

	void execute(Runnable task) {
		ThreadPoolExecutor pool = this.handlers;
		if (pool == null) {
			throw new RejectedExecutionException("The handler threads of consumer group '" + this.groupId + "' stopped");
		}
		pool.execute(task);
	}

	ScheduledFuture<?> schedule(Runnable task, long millis) {
		ScheduledExecutorService retries = this.scheduler;
		if (retries == null) {
			throw new RejectedExecutionException("The handler threads of consumer group '" + this.groupId + "' stopped");
		}
		return retries.schedule(task, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stop the threads: handlers still running after the timeout are interrupted.
	 */
	synchronized void stop(Duration timeout) {
		ThreadPoolExecutor pool = this.handlers;
		ScheduledExecutorService retries = this.scheduler;
		this.handlers = null;
		this.scheduler = null;
		if (retries != null) {
			retries.shutdownNow();
		}
		if (pool != null) {
			pool.shutdown();
			try {
				if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					pool.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				pool.shutdownNow();
				Thread.currentThread().interrupt();
			}
		}
	}

	// Threads named by their number, that know the group they work for.
	private ThreadFactory factory(IntFunction<String> name) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(() -> {
				KafkaUtils.setConsumerGroupId(this.groupId);
				task.run();
			}, name.apply(count.incrementAndGet()));
			thread.setDaemon(true);
			return thread;
		};
	}

}
