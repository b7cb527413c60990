package io.eventwire.correlation;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CorrelationIdWebFilterTests {

	private final CorrelationIdWebFilter filter = new CorrelationIdWebFilter(CorrelationIdFilter.DEFAULT_HEADER, 0);

	private final AtomicReference<String> seenId = new AtomicReference<>();

	private final AtomicReference<String> seenMdc = new AtomicReference<>();

	private final AtomicReference<String> seenThread = new AtomicReference<>();

	// The handler runs on another thread, as WebFlux handlers often do after a hop.
	private final WebFilterChain chain = (exchange) -> Mono.just("handled")
		.publishOn(Schedulers.boundedElastic())
		.doOnNext((value) -> {
			this.seenThread.set(Thread.currentThread().getName());
			this.seenId.set(CorrelationId.current().orElse(null));
			this.seenMdc.set(MDC.get(CorrelationId.DEFAULT_MDC_KEY));
		})
		.then();

	@BeforeEach
	void automaticContextPropagation() {
		Hooks.enableAutomaticContextPropagation();
	}

	@AfterEach
	void reset() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void requestWithoutIdGetsANewOneAcrossThreadsAndInTheResponse() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/orders"));
		this.filter.filter(exchange, this.chain).block();

		assertThat(this.seenThread.get()).startsWith("boundedElastic");
		assertThat(CorrelationId.isValid(this.seenId.get())).isTrue();
		assertThat(this.seenMdc.get()).isEqualTo(this.seenId.get());
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Correlation-ID")).isEqualTo(this.seenId.get());
		assertThat(CorrelationId.current()).isEmpty();
	}

	@Test
	void validIdIsKept() {
		String id = CorrelationId.generate();
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/orders").header("X-Correlation-ID", id));
		this.filter.filter(exchange, this.chain).block();

		assertThat(this.seenId.get()).isEqualTo(id);
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Correlation-ID")).isEqualTo(id);
	}

	@Test
	void invalidIdIsReplacedAndNeverLoggedRaw(CapturedOutput output) {
		String forged = "abc\r\n2026-01-01 ERROR forged line" + "x".repeat(10_000);
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/orders").header("X-Correlation-ID", forged));
		this.filter.filter(exchange, this.chain).block();

		assertThat(CorrelationId.isValid(this.seenId.get())).isTrue();
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Correlation-ID")).isEqualTo(this.seenId.get());
		assertThat(output).contains("Rejected the X-Correlation-ID header 'abc\\u000d\\u000a2026-01-01 ERROR forged line")
			.doesNotContain("\r\n2026-01-01 ERROR forged line")
			.doesNotContain("x".repeat(200));
	}

}
