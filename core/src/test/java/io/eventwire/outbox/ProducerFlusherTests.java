package io.eventwire.outbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.publish.EventProducer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * A flush blocks until every record is acknowledged or expired, up to the delivery timeout while
 * Kafka is away: the relay, which must renew its leases meanwhile, only asks for one.
 */
class ProducerFlusherTests {

	@Test
	void theRelayIsNotHeldByAFlushThatWaitsForKafka() throws Exception {
		@SuppressWarnings("unchecked")
		KafkaTemplate<String, byte[]> template = mock(KafkaTemplate.class);
		CountDownLatch kafkaBack = new CountDownLatch(1);
		AtomicInteger flushes = new AtomicInteger();
		willAnswer((invocation) -> {
			flushes.incrementAndGet();
			kafkaBack.await(30, TimeUnit.SECONDS);
			return null;
		}).given(template).flush();
		ProducerFlusher flusher = new ProducerFlusher(new EventProducer(template));
		try {
			long started = System.nanoTime();
			flusher.flush();
			await().atMost(Duration.ofSeconds(5)).until(() -> flushes.get() == 1);
			// While that one waits: one more is queued, the rest are covered by it.
			flusher.flush();
			flusher.flush();
			flusher.flush();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			kafkaBack.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> flushes.get() == 2);
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> flushes.get() == 2);
		}
		finally {
			flusher.shutdown();
		}
	}

}
