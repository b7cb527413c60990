package io.eventwire.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Marks are tied to the lease: a batch sent while the leases were held is marked; one whose leases
 * ran out before its acknowledgements came (the process was paused, say) marks nothing, so the
 * shards' next holder, which may have sent those events already, is not contradicted.
 */
class BatchPublisherTests {

	private final OutboxSender sender = mock(OutboxSender.class);

	private final LeaseKeeper leases = mock(LeaseKeeper.class);

	private final OutboxMarks marks = mock(OutboxMarks.class);

	private final TopicWaits waits = new TopicWaits(Duration.ofSeconds(1));

	private final BatchPublisher publisher = new BatchPublisher(this.sender, this.leases, OutboxMetrics.NONE,
			new OutboxRelaySettings("outbox", "leases", Duration.ofSeconds(1), 10, Duration.ofSeconds(30), 4, 3,
					Duration.ofDays(1), "relay-1"),
			Clock.systemUTC(), this.waits);

	private final List<Document> batch = List.of(entry("e-1"), entry("e-2"));

	private final List<Document> handedOver = new ArrayList<>();

	@Test
	void aBatchSentUnderItsLeasesIsMarked() throws Exception {
		sends(CompletableFuture.completedFuture(mock(SendResult.class)));
		given(this.leases.stillHeld()).willReturn(true);
		assertThat(this.publisher.publish(this.batch, this.marks)).isTrue();
		verify(this.marks).mark(anyList());
	}

	@Test
	void aBatchWhoseLeasesRanOutBeforeItsAcknowledgementsCameMarksNothing() throws Exception {
		sends(CompletableFuture.completedFuture(mock(SendResult.class)));
		given(this.leases.stillHeld()).willReturn(true, true, false);
		assertThat(this.publisher.publish(this.batch, this.marks)).isFalse();
		assertThat(this.handedOver).isEqualTo(this.batch);
		verify(this.marks, never()).mark(anyList());
	}

	@Test
	void aPauseInTheMiddleOfABatchSendsNothingMoreOfIt() throws Exception {
		sends(CompletableFuture.completedFuture(mock(SendResult.class)));
		// Held for the first send; past the local deadline by the second (a SIGSTOP in between, say).
		given(this.leases.stillHeld()).willReturn(true, false);
		assertThat(this.publisher.publish(this.batch, this.marks)).isFalse();
		// The second was built, but not handed to the producer: the sender asked right before.
		assertThat(this.handedOver).containsExactly(this.batch.get(0));
		verify(this.marks, never()).mark(anyList());
	}

	@Test
	void aFailureThatMayPassMakesItsTopicWaitWithoutAnAttemptWhileOtherTopicsGoOn() throws Exception {
		Document denied = entry("e-1", "payments", "p");
		Document other = entry("e-2", "orders", "k");
		given(this.sender.send(eq(denied), any())).willReturn(CompletableFuture.failedFuture(new KafkaProducerException(
				null, "denied", new TopicAuthorizationException(Set.of("payments")))));
		given(this.sender.send(eq(other), any())).willReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
		given(this.leases.stillHeld()).willReturn(true);
		assertThat(this.publisher.publish(List.of(other, denied), this.marks)).isFalse();
		assertThat(this.waits.waiting()).containsExactly("payments");
		// Only the event that went through is marked published.
		verify(this.marks).published(eq(List.of(other)), any());
		verify(this.marks, never()).attemptFailed(any(), anyInt(), any(), anyBoolean());
	}

	// The sender asks whether it may still send right before handing a record over, as OutboxSender does.
	private void sends(CompletableFuture<SendResult<String, byte[]>> result) {
		given(this.sender.send(any(), any())).willAnswer((invocation) -> {
			BooleanSupplier mayStillSend = invocation.getArgument(1);
			if (!mayStillSend.getAsBoolean()) {
				return null;
			}
			this.handedOver.add(invocation.getArgument(0));
			return result;
		});
	}

	private static Document entry(String eventId) {
		return entry(eventId, "orders", "k");
	}

	private static Document entry(String eventId, String topic, String key) {
		return new Document(OutboxDocuments.ID, eventId).append(OutboxDocuments.EVENT_ID, eventId)
			.append(OutboxDocuments.TOPIC, topic)
			.append(OutboxDocuments.KEY, key);
	}

}
