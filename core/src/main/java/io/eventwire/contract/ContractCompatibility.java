package io.eventwire.contract;

import java.util.ArrayList;
import java.util.List;

import io.eventwire.contract.EventContract.Action;

/**
 * Compares contracts without a registry: whether what a producer publishes (or published) is what
 * its consumers can take, and whether a producer's change keeps its previous consumers working.
 * Each problem is one line naming topic, type, versions, the JSON path and the rule.
 */
public final class ContractCompatibility {

	private ContractCompatibility() {
	}

	/**
	 * For every (topic, type) the producer sends and the consumer receives, every version the
	 * producer publishes or published: a version older than the consumer's handler needs the
	 * consumer's upcasters for every step to it; any other must satisfy the handler's schema.
	 * @param producer the publishing service's contracts
	 * @param consumer the consuming service's contracts
	 * @return the problems, empty when compatible
	 */
	public static List<String> problems(ServiceContracts producer, ServiceContracts consumer) {
		List<String> problems = new ArrayList<>();
		for (EventContract received : consumer.events(Action.RECEIVE)) {
			for (EventContract sent : producer.events(Action.SEND)) {
				if (!sent.topic().equals(received.topic()) || !sent.type().equals(received.type())) {
					continue;
				}
				String between = sent.topic() + "/" + sent.type() + ": " + producer.service()
						+ (sent.retired() ? " published" : " publishes") + " version " + sent.version() + ", " + consumer.service()
						+ " (group " + received.groupId() + ") handles version " + received.version();
				if (sent.version() < received.version()) {
					if (!consumer.upcasts(sent.topic(), sent.type(), sent.version(), received.version())) {
						problems.add(between + ": upcast: no EventUpcaster chain from version " + sent.version()
								+ " to " + received.version());
					}
					continue;
				}
				SchemaCompatibility.check(sent.schema(), received.schema())
					.forEach((incompatibility) -> problems.add(between + ": " + incompatibility));
			}
		}
		return problems;
	}

	/**
	 * For a producer before a release: every (topic, type) it sent before and sends now must keep
	 * consumers of the previous version working. Without a version bump the new payloads must
	 * satisfy the previous schema; with one, a change that does not passes only with an upcaster
	 * chain from the previous version or when the new version is declared breaking.
	 * @param previous the producer's contracts as released (usually the committed file)
	 * @param current its contracts now
	 * @return the problems, empty when the change is safe
	 */
	public static List<String> backwardProblems(ServiceContracts previous, ServiceContracts current) {
		List<String> problems = new ArrayList<>();
		for (EventContract before : previous.events(Action.SEND)) {
			if (before.retired()) {
				continue;
			}
			for (EventContract now : current.events(Action.SEND)) {
				if (now.retired() || !now.topic().equals(before.topic()) || !now.type().equals(before.type())) {
					continue;
				}
				String change = now.topic() + "/" + now.type() + ": version " + before.version() + " before, version "
						+ now.version() + " now";
				if (now.version() < before.version()) {
					problems.add(change + ": version: the version went down");
					continue;
				}
				List<SchemaCompatibility.Incompatibility> breaks = SchemaCompatibility.check(now.schema(), before.schema());
				if (breaks.isEmpty() || now.breaking()
						|| (now.version() > before.version() && current.upcasts(now.topic(), now.type(), before.version(),
								now.version()))) {
					continue;
				}
				String remedy = (now.version() == before.version())
						? " (a consumer of version " + before.version() + " breaks: bump the version and add an upcaster,"
								+ " or keep the field)"
						: " (no EventUpcaster chain from version " + before.version()
								+ " and the version is not declared breaking)";
				breaks.forEach((incompatibility) -> problems.add(change + ": " + incompatibility + remedy));
			}
		}
		return problems;
	}

}
