package io.eventwire.dispatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * One record on its way through a consumer group's {@link DispatchStep}s, with what the steps
 * learned of it so far: the topic it is handled as, its type and route once routed, its
 * correlation id, and whether key order parked it.
 */
public final class Delivery {

	private final ConsumerRecord<String, byte[]> record;

	private final boolean fromRetryTopic;

	private String topic;

	private @Nullable String type;

	private @Nullable Object route;

	private @Nullable String correlationId;

	private boolean parked;

	private byte @Nullable [] payload;

	private long rewind = -1;

	/**
	 * @param record the record consumed
	 * @param fromRetryTopic whether it came from the service's retry topic
	 */
	public Delivery(ConsumerRecord<String, byte[]> record, boolean fromRetryTopic) {
		this.record = record;
		this.fromRetryTopic = fromRetryTopic;
		this.topic = record.topic();
	}

	/**
	 * @return the record consumed
	 */
	public ConsumerRecord<String, byte[]> record() {
		return this.record;
	}

	/**
	 * @return whether it came from the service's retry topic
	 */
	public boolean fromRetryTopic() {
		return this.fromRetryTopic;
	}

	/**
	 * @return the topic the event is handled as: its original topic when it came from the retry topic
	 */
	public String topic() {
		return this.topic;
	}

	/**
	 * @param topic the topic the event is handled as
	 */
	public void handledAs(String topic) {
		this.topic = topic;
	}

	/**
	 * @param type the event type
	 * @param route where the event goes (the routing step's own)
	 */
	public void routed(String type, Object route) {
		this.type = type;
		this.route = route;
	}

	/**
	 * @return whether a handler of this group wants the event
	 */
	public boolean isRouted() {
		return this.route != null;
	}

	/**
	 * @return the event type, once routed
	 */
	public @Nullable String type() {
		return this.type;
	}

	/**
	 * @param routeType the class of the route the routing step set
	 * @param <R> the route's type
	 * @return the route
	 */
	public <R> R route(Class<R> routeType) {
		return routeType.cast(this.route);
	}

	/**
	 * @return the correlation id the event is handled under, once known
	 */
	public @Nullable String correlationId() {
		return this.correlationId;
	}

	/**
	 * @param correlationId the correlation id the event is handled under
	 */
	public void correlationId(String correlationId) {
		this.correlationId = correlationId;
	}

	/**
	 * @return the payload to bind: the record's value, or what an upcast made of it
	 */
	public byte @Nullable [] payload() {
		return (this.payload != null) ? this.payload : this.record.value();
	}

	/**
	 * @param payload the payload to bind instead of the record's value (an upcast one)
	 */
	public void payload(byte[] payload) {
		this.payload = payload;
	}

	/**
	 * The event waits behind an earlier dead letter of its key: it was not handled.
	 */
	/**
	 * Mark the event as handled again because its group was rewound.
	 * @param rewind the rewind's number
	 */
	public void replayOf(long rewind) {
		this.rewind = rewind;
	}

	/**
	 * @return whether the event is handled again because its group was rewound
	 */
	public boolean isReplay() {
		return this.rewind >= 0;
	}

	/**
	 * @return the number of the rewind the event is handled again for, or -1
	 */
	public long rewind() {
		return this.rewind;
	}

	public void parked() {
		this.parked = true;
	}

	/**
	 * @return whether key order parked the event
	 */
	public boolean isParked() {
		return this.parked;
	}

}
