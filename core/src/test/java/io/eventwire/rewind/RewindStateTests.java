package io.eventwire.rewind;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RewindStateTests {

	private final Instant asked = Instant.parse("2026-12-07T10:00:00Z");

	private final RewindState stopping = new RewindState("shipping", 3, RewindState.Phase.STOPPING, Instant.EPOCH,
			this.asked, "host-1", Map.of(), null, null);

	@Test
	void onlyEventsBelowTheOffsetsReachedAreRewoundAndOnlyOnceTheOffsetsMoved() {
		RewindState rewound = this.stopping.next(RewindState.Phase.REWOUND,
				Map.of(RewindState.partitionKey("orders", 0), 100L), null);

		assertThat(this.stopping.rewinds("orders", 0, 5)).isFalse();
		assertThat(rewound.rewinds("orders", 0, 99)).isTrue();
		assertThat(rewound.rewinds("orders", 0, 100)).isFalse();
		assertThat(rewound.rewinds("orders", 1, 5)).as("a partition the group had not reached").isFalse();
		assertThat(rewound.rewinds("orders-2", 0, 5)).isFalse();
	}

	@Test
	void aRewindStillStoppingLongAfterItBeganIsStale() {
		assertThat(this.stopping.isStale(this.asked.plusSeconds(239), Duration.ofMinutes(4))).isFalse();
		assertThat(this.stopping.isStale(this.asked.plusSeconds(241), Duration.ofMinutes(4))).isTrue();
		assertThat(this.stopping.next(RewindState.Phase.ABORTED, Map.of(), "no").isStale(this.asked.plusSeconds(999),
				Duration.ofMinutes(4))).isFalse();
	}

	@Test
	void aStateSurvivesTheRewindsTopic() {
		JsonMapper json = new JsonMapper();
		RewindState rewound = this.stopping.next(RewindState.Phase.REWOUND,
				Map.of(RewindState.partitionKey("orders.v1", 2), 7L), null);

		assertThat(json.readValue(json.writeValueAsBytes(rewound), RewindState.class)).isEqualTo(rewound);
	}

}
