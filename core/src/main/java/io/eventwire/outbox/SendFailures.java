package io.eventwire.outbox;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.kafka.support.SendResult;

/**
 * Which send failures of the relay can never succeed. Only those count as attempts and can mark an
 * event failed: a record too large for the broker, one that cannot be serialized or built, an
 * invalid topic name. Everything else (the broker unreachable, timeouts, but also authorization
 * and authentication failures, which end when credentials or ACLs are fixed) makes the relay back
 * off and try again, without counting, so that rotated credentials never mark a backlog failed.
 */
final class SendFailures {

	private SendFailures() {
	}

	/**
	 * @param failure why a send failed
	 * @return whether sending that event again can never succeed
	 */
	static boolean isPermanent(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
					|| cause instanceof SerializationException || cause instanceof InvalidTopicException) {
				return true;
			}
			if (cause instanceof org.apache.kafka.common.KafkaException) {
				// Any other Kafka failure is the broker's or the credentials', not the event's.
				return false;
			}
			if (cause instanceof IllegalArgumentException) {
				// The record could not be built from the stored event.
				return true;
			}
		}
		return false;
	}

	/**
	 * @param send a send just started
	 * @return whether the producer refused it at once for a reason that is not the event's (no
	 * metadata, say): sending the rest of the batch now could let a later event of a key overtake it
	 */
	static boolean refusedForNow(CompletableFuture<SendResult<String, byte[]>> send) {
		if (!send.isCompletedExceptionally()) {
			return false;
		}
		try {
			send.getNow(null);
			return false;
		}
		catch (CompletionException | CancellationException ex) {
			return !isPermanent(ex);
		}
	}

}
