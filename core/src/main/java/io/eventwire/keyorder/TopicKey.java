package io.eventwire.keyorder;

/**
 * An event key on a topic: the unit whose order parking keeps.
 *
 * @param topic the topic the events are consumed from (the original topic for replayed events)
 * @param key the event key
 */
public record TopicKey(String topic, String key) {

}
