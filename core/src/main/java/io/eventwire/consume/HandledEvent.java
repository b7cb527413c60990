package io.eventwire.consume;

import java.lang.reflect.Type;

/**
 * An event type that one of the application's {@link io.eventwire.OnEvent @OnEvent} methods
 * handles.
 *
 * @param groupId the consumer group the handler is in
 * @param topic the topic
 * @param type the event type
 * @param version the version of the type the handler's payload parameter is
 * @param payloadType the payload parameter's type
 */
public record HandledEvent(String groupId, String topic, String type, int version, Type payloadType) {
}
