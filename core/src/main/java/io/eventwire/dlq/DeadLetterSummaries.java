package io.eventwire.dlq;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Sums pending dead letters up into a {@link DeadLetterSummary}.
 */
final class DeadLetterSummaries {

	private DeadLetterSummaries() {
	}

	static DeadLetterSummary of(List<DeadLetter> letters) {
		return new DeadLetterSummary(letters.size(), groups(letters, DeadLetter::originalTopic),
				groups(letters, DeadLetter::type), groups(letters, DeadLetter::exceptionClass));
	}

	private static List<DeadLetterSummary.Group> groups(List<DeadLetter> letters, Function<DeadLetter, String> name) {
		Map<String, DeadLetterSummary.Group> groups = new LinkedHashMap<>();
		for (DeadLetter letter : letters) {
			groups.merge(name.apply(letter), new DeadLetterSummary.Group(name.apply(letter), 1, letter.failedAt(),
					letter.failedAt()), DeadLetterSummaries::merge);
		}
		return groups.values()
			.stream()
			.sorted(Comparator.comparingLong(DeadLetterSummary.Group::count).reversed()
				.thenComparing(DeadLetterSummary.Group::name))
			.toList();
	}

	private static DeadLetterSummary.Group merge(DeadLetterSummary.Group one, DeadLetterSummary.Group other) {
		return new DeadLetterSummary.Group(one.name(), one.count() + other.count(), min(one.oldest(), other.oldest()),
				max(one.newest(), other.newest()));
	}

	private static @Nullable Instant min(@Nullable Instant one, @Nullable Instant other) {
		return (one == null) ? other : (other == null || one.isBefore(other)) ? one : other;
	}

	private static @Nullable Instant max(@Nullable Instant one, @Nullable Instant other) {
		return (one == null) ? other : (other == null || one.isAfter(other)) ? one : other;
	}

}
