package io.eventwire.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A scenario asks the broker nothing until a test runs one: a test context with the scenario bean
 * starts and closes where no broker answers (scenarios themselves are tested on a broker in
 * eventwire-autoconfigure's EventwireTestAnnotationTests and in the samples).
 */
class EventScenarioTests {

	@Test
	void aScenarioThatIsNeverRunNeedsNoBroker() {
		assertThatNoException().isThrownBy(() -> {
			try (EventScenario scenario = new EventScenario(new EventRecorder("localhost:1"))) {
				// Nothing run.
			}
		});
	}

}
