package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepetitionsTests {

	private final List<String> calls = new ArrayList<>();

	@Test
	void roundsWarmUpThenStartEachRoundOneSideLater() throws Exception {
		List<List<Measurement>> sides = Repetitions.rounds(3, List.of(side("a"), side("b"), side("c")));

		assertThat(this.calls).containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c", // warm-up
				"a", "b", "c", "b", "c", "a", "c", "a", "b");
		assertThat(sides).hasSize(3).allSatisfy((side) -> assertThat(side).hasSize(3));
		assertThat(sides.get(1)).extracting(Measurement::rate).containsExactly(11.0, 13.0, 18.0);
	}

	@Test
	void pairsAlternateWhichSideRunsFirst() throws Exception {
		Result result = new Result("w", "b", 1);
		Repetitions.pairs(result, 2, side("eventwire"), side("baseline"));

		assertThat(this.calls.subList(6, 10)).containsExactly("baseline", "eventwire", "eventwire", "baseline");
		assertThat(result.eventwire()).hasSize(2);
		assertThat(result.baseline()).hasSize(2);
	}

	@Test
	void aSingleRepetitionWarmsUpOnce() throws Exception {
		Repetitions.rounds(1, List.of(side("a"), side("b")));

		assertThat(this.calls).containsExactly("a", "b", "a", "b");
	}

	private Callable<Measurement> side(String name) {
		return () -> {
			this.calls.add(name);
			return new Measurement(this.calls.size(), null);
		};
	}

}
