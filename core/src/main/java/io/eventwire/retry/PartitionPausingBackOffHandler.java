package io.eventwire.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.eventwire.internal.PartitionResumes;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.DefaultBackOffHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

/**
 * Waits out a retry back-off by pausing the failed event's partition instead of sleeping in the
 * consumer thread: the consumer keeps polling (so it stays in its group however long an outage
 * lasts, whatever {@code max.poll.interval.ms} is), the other partitions keep flowing, and the
 * partition resumes when the back-off is over.
 * <p>
 * Which partition failed is told by the retry listener, which spring-kafka calls on the consumer
 * thread just before the back-off.
 */
public class PartitionPausingBackOffHandler implements BackOffHandler, DisposableBean {

	private final Supplier<@Nullable TopicPartition> failingPartition;

	private final ScheduledExecutorService executor;

	private final ConcurrentTaskScheduler scheduler;

	private final BackOffHandler sleeping = new DefaultBackOffHandler();

	/**
	 * @param failingPartition the partition of the event whose failure is being handled on the
	 * calling thread
	 */
	public PartitionPausingBackOffHandler(Supplier<@Nullable TopicPartition> failingPartition) {
		this.failingPartition = failingPartition;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "eventwire-backoff");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = new ConcurrentTaskScheduler(this.executor);
	}

	@Override
	public void onNextBackOff(@Nullable MessageListenerContainer container, @Nullable Exception exception,
			long nextBackOff) {
		TopicPartition partition = this.failingPartition.get();
		if (container == null || partition == null) {
			this.sleeping.onNextBackOff(container, exception, nextBackOff);
			return;
		}
		onNextBackOff(container, partition, nextBackOff);
	}

	@Override
	public void onNextBackOff(MessageListenerContainer container, TopicPartition partition, long nextBackOff) {
		container.pausePartition(partition);
		this.scheduler.schedule(() -> PartitionResumes.resumeEverywhere(container, partition),
				Instant.now().plus(Duration.ofMillis(nextBackOff)));
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
