package io.eventwire.correlation;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CorrelationIdFilterTests {

	private final CorrelationIdFilter filter = new CorrelationIdFilter(CorrelationIdFilter.DEFAULT_HEADER);

	@Test
	void requestWithoutIdGetsANewOneInTheMdcAndTheResponse() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<String> seen = new AtomicReference<>();
		this.filter.doFilter(new MockHttpServletRequest("POST", "/orders"), response,
				new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
					@Override
					protected void service(jakarta.servlet.http.HttpServletRequest req,
							jakarta.servlet.http.HttpServletResponse res) {
						seen.set(MDC.get(CorrelationId.DEFAULT_MDC_KEY));
					}
				}));

		assertThat(CorrelationId.isValid(seen.get())).isTrue();
		assertThat(response.getHeader("X-Correlation-ID")).isEqualTo(seen.get());
		assertThat(MDC.get(CorrelationId.DEFAULT_MDC_KEY)).isNull();
		assertThat(CorrelationId.current()).isEmpty();
	}

	@Test
	void validIdIsKept() throws Exception {
		String id = CorrelationId.generate();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/1");
		request.addHeader("X-Correlation-ID", id);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<String> seen = new AtomicReference<>();
		this.filter.doFilter(request, response, (req, res) -> seen.set(CorrelationId.current().orElse(null)));

		assertThat(seen.get()).isEqualTo(id);
		assertThat(response.getHeader("X-Correlation-ID")).isEqualTo(id);
	}

	@Test
	void invalidIdIsReplacedAndNeverLoggedRaw(CapturedOutput output) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		String forged = "abc\r\n2026-01-01 ERROR forged line\u001b[31m" + "x".repeat(500);
		request.addHeader("X-Correlation-ID", forged);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<String> seen = new AtomicReference<>();
		this.filter.doFilter(request, response, (req, res) -> seen.set(MDC.get(CorrelationId.DEFAULT_MDC_KEY)));

		assertThat(CorrelationId.isValid(seen.get())).isTrue();
		assertThat(response.getHeader("X-Correlation-ID")).isEqualTo(seen.get());
		assertThat(output).contains("Rejected the X-Correlation-ID header 'abc\\u000d\\u000a2026-01-01 ERROR forged line\\u001b[31m")
			.doesNotContain("\r\n2026-01-01 ERROR forged line")
			.doesNotContain("x".repeat(200));
	}

	@Test
	void callRunsWithTheIdAndRestoresThePreviousOne() throws Exception {
		String id = CorrelationId.generate();
		assertThat(CorrelationId.call(id, () -> CorrelationId.current().orElseThrow())).isEqualTo(id);
		assertThat(CorrelationId.current()).isEmpty();
	}

}
