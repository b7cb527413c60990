package io.eventwire.contract;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.Assert;

/**
 * One version of one event type that a service sends or receives on a topic, with the JSON Schema
 * of its payload (closed for a sender, open for a receiver; see {@link PayloadSchemas}).
 *
 * @param action whether the service sends or receives it
 * @param topic the topic
 * @param type the event type
 * @param version the version of the event type, 1 or more
 * @param schema the payload's JSON Schema (2020-12)
 * @param groupId the consumer group that receives it; {@code null} for a sender
 * @param breaking for a sender: this version deliberately breaks consumers of the previous one
 * @param retired for a sender: the version was published before and no longer is (its events may
 * still be in the topic)
 */
public record EventContract(Action action, String topic, String type, int version, ObjectNode schema,
		@Nullable String groupId, boolean breaking, boolean retired) {

	public EventContract {
		Assert.notNull(action, "action must not be null");
		Assert.hasText(topic, "topic must not be blank");
		Assert.hasText(type, "type must not be blank");
		Assert.isTrue(version >= 1, "version must be at least 1");
		Assert.notNull(schema, "schema must not be null");
		Assert.isTrue((action == Action.RECEIVE) == (groupId != null), "a receiver, and only a receiver, has a group");
	}

	/**
	 * @return "topic/type v1", for messages
	 */
	public String describe() {
		return this.topic + "/" + this.type + " version " + this.version;
	}

	/**
	 * What a service does with an event type: AsyncAPI's operation actions.
	 */
	public enum Action {

		/** The service publishes it. */
		SEND,

		/** The service handles it. */
		RECEIVE

	}

}
