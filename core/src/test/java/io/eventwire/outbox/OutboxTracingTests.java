package io.eventwire.outbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import brave.Tracing;
import brave.propagation.ThreadLocalCurrentTraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace context stored with an outbox entry is continued by the relay, on another thread and
 * with no trace current there, with either micrometer-tracing bridge, as Spring Boot wires them.
 */
class OutboxTracingTests {

	private final ExecutorService relayThread = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() {
		this.relayThread.shutdownNow();
	}

	@Test
	void braveContinuesTheStoredTrace() throws Exception {
		ThreadLocalCurrentTraceContext context = ThreadLocalCurrentTraceContext.newBuilder().build();
		try (Tracing tracing = Tracing.newBuilder()
			.currentTraceContext(context)
			.propagationFactory(new W3CPropagation(new BraveBaggageManager(), List.of()))
			.build()) {
			BraveTracer tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(context),
					new BraveBaggageManager());
			assertContinued(tracer, new BravePropagator(tracing));
		}
	}

	@Test
	void openTelemetryContinuesTheStoredTrace() throws Exception {
		try (SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build()) {
			OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
				.setTracerProvider(provider)
				.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
				.build();
			io.opentelemetry.api.trace.Tracer otelTracer = sdk.getTracer("eventwire-test");
			OtelCurrentTraceContext context = new OtelCurrentTraceContext();
			OtelTracer tracer = new OtelTracer(otelTracer, context, (event) -> {
			}, new OtelBaggageManager(context, List.of(), List.of()));
			assertContinued(tracer, new OtelPropagator(sdk.getPropagators(), otelTracer));
		}
	}

	@Test
	void withoutTracingNothingIsStoredAndSendingJustHappens() {
		assertThat(OutboxTracing.NONE.capture("orders")).isEmpty();
		assertThat(OutboxTracing.NONE.continueFrom(Map.of("traceparent", "x"), "orders", () -> "sent")).isEqualTo("sent");
	}

	private void assertContinued(Tracer tracer, Propagator propagator) throws Exception {
		// As Spring Boot's tracing auto-configuration registers the handlers.
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		OutboxTracing outboxTracing = new OutboxTracing(registry);

		Observation request = Observation.start("http.server.requests", registry);
		String requestTraceId;
		Map<String, String> stored;
		try (Observation.Scope scope = request.openScope()) {
			requestTraceId = tracer.currentSpan().context().traceId();
			stored = outboxTracing.capture("orders");
		}
		finally {
			request.stop();
		}
		assertThat(stored).containsKey("traceparent");
		assertThat(stored.get("traceparent")).contains(requestTraceId);

		// The relay: another thread, no trace current, maybe much later.
		CompletableFuture<String[]> relayed = CompletableFuture.supplyAsync(() -> {
			String before = (tracer.currentSpan() != null) ? tracer.currentSpan().context().traceId() : null;
			String during = outboxTracing.continueFrom(stored, "orders", () -> tracer.currentSpan().context().traceId());
			String after = (tracer.currentSpan() != null) ? tracer.currentSpan().context().traceId() : null;
			return new String[] { before, during, after };
		}, this.relayThread);
		String[] traceIds = relayed.get(10, TimeUnit.SECONDS);
		assertThat(traceIds[0]).isNull();
		assertThat(traceIds[1]).isEqualTo(requestTraceId);
		assertThat(traceIds[2]).isNull();
	}

}
