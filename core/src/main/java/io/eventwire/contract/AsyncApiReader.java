package io.eventwire.contract;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@link ServiceContracts} back from an AsyncAPI 3.0 document written by
 * {@link AsyncApiWriter}: from each message's {@code x-eventwire} coordinates and payload schema.
 */
public final class AsyncApiReader {

	/**
	 * @param document an AsyncAPI 3.0 document written by eventwire
	 * @return the contracts it holds
	 * @throws IllegalArgumentException if it is not such a document
	 */
	public ServiceContracts read(JsonNode document) {
		if (!document.path("asyncapi").asString("").startsWith("3.")) {
			throw new IllegalArgumentException("Not an AsyncAPI 3 document: its 'asyncapi' field is "
					+ document.path("asyncapi") + " (expected 3.0.0)");
		}
		String service = document.path("info").path("title").asString("");
		List<EventContract> events = new ArrayList<>();
		for (JsonNode message : document.path("components").path("messages")) {
			JsonNode coordinates = message.path("x-eventwire");
			if (coordinates.isMissingNode()) {
				continue;
			}
			if (!(message.path("payload").path("schema") instanceof ObjectNode schema)) {
				throw new IllegalArgumentException("Message " + coordinates + " has no payload schema");
			}
			EventContract.Action action = "send".equals(coordinates.path("action").asString())
					? EventContract.Action.SEND : EventContract.Action.RECEIVE;
			events.add(new EventContract(action, coordinates.path("topic").asString(), coordinates.path("type").asString(),
					coordinates.path("version").asInt(1), schema.deepCopy(),
					(action == EventContract.Action.RECEIVE) ? coordinates.path("group").asString() : null,
					coordinates.path("breaking").asBoolean(false), coordinates.path("retired").asBoolean(false)));
		}
		List<ServiceContracts.UpcastStep> upcasters = new ArrayList<>();
		for (JsonNode step : document.path("x-eventwire-upcasters")) {
			upcasters.add(new ServiceContracts.UpcastStep(step.path("topic").asString(), step.path("type").asString(),
					step.path("fromVersion").asInt()));
		}
		return new ServiceContracts(service, events, upcasters, topicOfRole(document, "dead-letters"),
				topicOfRole(document, "retry"));
	}

	private static @Nullable String topicOfRole(JsonNode document, String role) {
		for (JsonNode channel : document.path("channels")) {
			if (role.equals(channel.path("x-eventwire-role").asString(""))) {
				return channel.path("address").asString();
			}
		}
		return null;
	}

}
