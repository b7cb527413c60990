package io.eventwire.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Sends records and waits for the broker's acknowledgement, as eventwire writes its own topics
 * (dead letters, replays, resolutions, parked keys, released events): each caller says what a
 * failure means for it (wait as for a dependency, refuse the operation, shrink the record).
 */
public final class KafkaSends {

	private KafkaSends() {
	}

	/**
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param kafka sends
	 * @param record the record
	 * @param timeout how long to wait for the acknowledgement
	 * @return what the broker acknowledged
	 * @throws SendFailedException when the broker did not take it in time
	 */
	public static <K, V> SendResult<K, V> sendAndWait(KafkaOperations<K, V> kafka, ProducerRecord<K, V> record,
			Duration timeout) {
		return sendAndWait(kafka, List.of(record), timeout).get(0);
	}

	/**
	 * Send records together (one producer keeps their order within a partition) and wait for all.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param kafka sends
	 * @param records the records
	 * @param timeout how long to wait for all acknowledgements
	 * @return what the broker acknowledged, in the records' order
	 * @throws SendFailedException when the broker did not take one of them in time
	 */
	public static <K, V> List<SendResult<K, V>> sendAndWait(KafkaOperations<K, V> kafka, List<ProducerRecord<K, V>> records,
			Duration timeout) {
		try {
			List<CompletableFuture<SendResult<K, V>>> sent = new ArrayList<>(records.size());
			for (ProducerRecord<K, V> record : records) {
				sent.add(kafka.send(record));
			}
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return sent.stream().map(CompletableFuture::join).toList();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SendFailedException(ex);
		}
		catch (ExecutionException ex) {
			throw new SendFailedException((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException | RuntimeException ex) {
			throw new SendFailedException(ex);
		}
	}

	/**
	 * The broker did not take a record in time. Its cause is what the producer said (through
	 * spring-kafka's wrapping), a timeout, or an interruption.
	 */
	public static final class SendFailedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SendFailedException(Throwable cause) {
			super(cause.toString(), cause);
		}

		/**
		 * @return whether the broker (or the producer) refused the record as larger than it takes
		 */
		public boolean isTooLarge() {
			for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof RecordTooLargeException) {
					return true;
				}
			}
			return false;
		}

	}

}
