package io.eventwire.dlq;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;

import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import io.eventwire.DependencyUnavailableException;
import io.eventwire.NonRetryableEventException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTests {

	private final FailureClassifier classifier = new FailureClassifier(List.of(UnsupportedOperationException.class),
			List.of(UncheckedIOException.class));

	@Test
	void dependencyFailuresOfSpringMongoKafkaAndTheNetworkAreTransient() {
		ServerAddress server = new ServerAddress("localhost", 27017);
		assertThat(List.of(new DataAccessResourceFailureException("down"), new QueryTimeoutException("slow"),
				new RecoverableDataAccessException("again"), new MongoSocketOpenException("refused", server),
				new MongoTimeoutException("no server"), new MongoNotPrimaryException(new BsonDocument(), server),
				new ConnectException("refused"), new SocketTimeoutException("read"),
				new NotLeaderOrFollowerException("moved"), new DependencyUnavailableException("503")))
			.allSatisfy((failure) -> assertThat(this.classifier.isTransient(failure)).as(failure.toString()).isTrue());
	}

	@Test
	void aDownstreamServiceAnsweringUnavailableOrGatewayTimeoutIsTransientOtherServerErrorsAreNot() {
		assertThat(this.classifier.isTransient(HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
				"Service Unavailable", HttpHeaders.EMPTY, null, null))).isTrue();
		assertThat(this.classifier.isTransient(HttpServerErrorException.create(HttpStatus.GATEWAY_TIMEOUT,
				"Gateway Timeout", HttpHeaders.EMPTY, null, null))).isTrue();
		assertThat(this.classifier.isTransient(WebClientResponseException.create(503, "Service Unavailable",
				HttpHeaders.EMPTY, null, null))).isTrue();
		assertThat(this.classifier.isTransient(new HttpConnectTimeoutException("connect timed out"))).isTrue();
		assertThat(this.classifier.isTransient(HttpServerErrorException.create(HttpStatus.INTERNAL_SERVER_ERROR,
				"Internal Server Error", HttpHeaders.EMPTY, null, null))).isFalse();
	}

	@Test
	void aTransientFailureAnywhereInTheCauseChainCounts() {
		Exception wrapped = new ListenerExecutionFailedException("listener failed",
				new IllegalStateException("handler", new RuntimeException("dao", new ConnectException("refused"))));

		assertThat(this.classifier.isTransient(wrapped)).isTrue();
		assertThat(this.classifier.isRetryable(wrapped)).isTrue();
	}

	@Test
	void configuredClassesAreTransientAndOtherFailuresAreNot() {
		assertThat(this.classifier.isTransient(new UncheckedIOException(new java.io.IOException("disk")))).isTrue();
		assertThat(this.classifier.isTransient(new IllegalStateException("bug"))).isFalse();
		assertThat(this.classifier.isTransient(null)).isFalse();
	}

	@Test
	void nonRetryableWinsOverTransient() {
		assertThat(this.classifier.isTransient(new NonRetryableEventException("bad", new ConnectException("x"))))
			.isFalse();
		assertThat(this.classifier.isTransient(new UnsupportedOperationException("configured"))).isFalse();
		assertThat(this.classifier.isRetryable(new NonRetryableEventException("bad", new ConnectException("x"))))
			.isFalse();
	}

	@Test
	void aCauseCycleEnds() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalArgumentException second = new IllegalArgumentException("second", first);
		first.initCause(second);

		assertThat(this.classifier.isTransient(first)).isFalse();
		assertThat(this.classifier.isRetryable(first)).isTrue();
	}

}
