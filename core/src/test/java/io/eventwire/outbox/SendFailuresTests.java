package io.eventwire.outbox;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only failures that can never succeed count as attempts; credentials, ACLs and the broker's own
 * trouble make the relay wait.
 */
class SendFailuresTests {

	@Test
	void whatTheEventCausesIsPermanent() {
		assertThat(SendFailures.isPermanent(wrapped(new RecordTooLargeException("too large")))).isTrue();
		assertThat(SendFailures.isPermanent(new SerializationException("cannot serialize"))).isTrue();
		assertThat(SendFailures.isPermanent(new IllegalArgumentException("header value is null"))).isTrue();
	}

	@Test
	void credentialsAclsAndTheBrokersTroubleAreNot() {
		assertThat(SendFailures.isPermanent(wrapped(new TopicAuthorizationException("no Write on orders")))).isFalse();
		assertThat(SendFailures.isPermanent(wrapped(new ClusterAuthorizationException("no IdempotentWrite")))).isFalse();
		assertThat(SendFailures.isPermanent(wrapped(new SaslAuthenticationException("bad password")))).isFalse();
		assertThat(SendFailures.isPermanent(wrapped(new NotLeaderOrFollowerException("moving")))).isFalse();
		assertThat(SendFailures.isPermanent(wrapped(new UnknownServerException("?")))).isFalse();
		assertThat(SendFailures.isPermanent(new TimeoutException("no acknowledgement"))).isFalse();
		assertThat(SendFailures.isPermanent(wrapped(new org.apache.kafka.common.errors.TimeoutException("expired"))))
			.isFalse();
	}

	// As a send's future fails: spring-kafka's producer exception around the client's.
	private static Throwable wrapped(Exception cause) {
		return new CompletionException(new ExecutionException(new KafkaProducerException(null, "send failed", cause)));
	}

}
