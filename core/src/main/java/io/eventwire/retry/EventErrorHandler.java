package io.eventwire.retry;

import java.util.List;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;

/**
 * spring-kafka's {@link DefaultErrorHandler}, which also waits when an event's dead letter could
 * not be written: it seeks back as before, and then pauses the event's partition for as long as
 * the recoverer asked, instead of handing the event to the listener again at once (which, for a
 * poison event, was a tight loop). The other partitions keep flowing meanwhile.
 */
public class EventErrorHandler extends DefaultErrorHandler {

	private final BackOffHandler backOffHandler;

	private final Supplier<@Nullable PartitionPause> recoveryPauses;

	/**
	 * @param recoverer writes dead letters
	 * @param backOff the default back-off
	 * @param backOffHandler waits out back-offs (and pauses after a failed recovery)
	 * @param recoveryPauses the pause a failed recovery on the calling thread asked for, once
	 */
	public EventErrorHandler(ConsumerRecordRecoverer recoverer, BackOff backOff, BackOffHandler backOffHandler,
			Supplier<@Nullable PartitionPause> recoveryPauses) {
		super(recoverer, backOff, backOffHandler);
		this.backOffHandler = backOffHandler;
		this.recoveryPauses = recoveryPauses;
	}

	@Override
	public void handleRemaining(Exception thrownException, List<ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer,
			MessageListenerContainer container) {
		try {
			super.handleRemaining(thrownException, records, consumer, container);
		}
		finally {
			PartitionPause pause = this.recoveryPauses.get();
			if (pause != null) {
				this.backOffHandler.onNextBackOff(container, pause.partition(), pause.millis());
			}
		}
	}

}
