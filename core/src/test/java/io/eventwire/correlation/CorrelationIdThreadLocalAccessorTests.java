package io.eventwire.correlation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The correlation id crosses threads with Micrometer's context propagation, found through the
 * service loader as Spring's and Reactor's propagation find it.
 */
class CorrelationIdThreadLocalAccessorTests {

	@Test
	void idIsCarriedToAnotherThreadAndClearedThereAfterwards() throws Exception {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		ExecutorService propagating = ContextExecutorService.wrap(pool,
				() -> ContextSnapshotFactory.builder().build().captureAll());
		try {
			String id = CorrelationId.generate();
			Future<String[]> seen;
			try (CorrelationId.Scope scope = CorrelationId.open(id)) {
				seen = propagating.submit(() -> new String[] { CorrelationId.current().orElse(null),
						MDC.get(CorrelationId.DEFAULT_MDC_KEY) });
			}
			assertThat(seen.get()).containsExactly(id, id);
			// The pool thread does not keep the id once the task is done.
			assertThat(pool.submit(() -> CorrelationId.current().orElse("none")).get()).isEqualTo("none");
		}
		finally {
			propagating.shutdownNow();
		}
	}

}
