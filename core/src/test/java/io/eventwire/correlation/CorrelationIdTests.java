package io.eventwire.correlation;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CorrelationIdTests {

	@Test
	void nestedScopesRestoreThePreviousIdAndMdc() {
		String outer = CorrelationId.generate();
		String inner = CorrelationId.generate();
		assertThat(CorrelationId.current()).isEmpty();
		try (CorrelationId.Scope first = CorrelationId.open(outer)) {
			assertThat(CorrelationId.current()).contains(outer);
			try (CorrelationId.Scope second = CorrelationId.open(inner)) {
				assertThat(CorrelationId.current()).contains(inner);
				assertThat(MDC.get(CorrelationId.DEFAULT_MDC_KEY)).isEqualTo(inner);
			}
			assertThat(CorrelationId.current()).contains(outer);
			assertThat(MDC.get(CorrelationId.DEFAULT_MDC_KEY)).isEqualTo(outer);
		}
		assertThat(CorrelationId.current()).isEmpty();
		assertThat(MDC.get(CorrelationId.DEFAULT_MDC_KEY)).isNull();
	}

	@Test
	void refusesInvalidIds() {
		assertThatIllegalArgumentException().isThrownBy(() -> CorrelationId.open("abc\r\n"));
		assertThat(CorrelationId.current()).isEmpty();
	}

}
