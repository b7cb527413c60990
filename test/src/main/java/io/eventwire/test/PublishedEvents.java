package io.eventwire.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.eventwire.EventHeaders;
import io.eventwire.EventPublisher;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishResult;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.publish.EventRecordFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link EventPublisher} and {@link EventOutbox} for unit tests: it keeps what the code under test
 * publishes, in order, and sends nothing anywhere.
 * <pre class="code">
 * PublishedEvents events = new PublishedEvents();
 * OrderService orders = new OrderService(repository, events);
 * orders.place(new PlaceOrder("alice", "DE", items));
 * assertThat(events.ofType("order_placed")).singleElement()
 *     .satisfies((placed) -&gt; assertThat(placed.payload(OrderPlaced.class).customer()).isEqualTo("alice"));
 * </pre>
 * Each event is built as eventwire builds the record it sends: the payload written as JSON (a payload
 * that cannot be written fails the call with a {@link io.eventwire.PublishException}), an event id
 * and the current correlation id (or a new one) unless it has its own, and its headers. The events
 * are {@link RecordedEvent}s with partition and offset {@code -1}. Thread-safe.
 */
public final class PublishedEvents implements EventPublisher, EventOutbox {

	private final JsonMapper jsonMapper;

	private final EventRecordFactory records;

	private final List<RecordedEvent> events = new ArrayList<>();

	/**
	 * Writes and binds payloads with a default JSON mapper.
	 */
	public PublishedEvents() {
		this(JsonMapper.builder().build());
	}

	/**
	 * @param jsonMapper writes and binds payloads; use the application's where it is configured
	 */
	public PublishedEvents(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		this.records = new EventRecordFactory(jsonMapper, true);
	}

	@Override
	public void publish(String topic, String type, String key, Object payload) {
		publish(OutgoingEvent.builder(topic, type, key, payload).build());
	}

	@Override
	public void publish(OutgoingEvent event) {
		keep(event);
	}

	@Override
	public CompletableFuture<PublishResult> publishAsync(OutgoingEvent event) {
		RecordedEvent kept = keep(event);
		return CompletableFuture.completedFuture(
				new PublishResult(kept.topic(), -1, -1, kept.eventId(), kept.correlationId()));
	}

	private synchronized RecordedEvent keep(OutgoingEvent event) {
		ProducerRecord<String, byte[]> record = this.records.create(event);
		RecordedEvent kept = new RecordedEvent(record.topic(), -1, -1, record.key(), record.headers(), record.value(),
				this.jsonMapper);
		this.events.add(kept);
		return kept;
	}

	/**
	 * @return every event published so far, in order
	 */
	public synchronized List<RecordedEvent> all() {
		return List.copyOf(this.events);
	}

	/**
	 * @param type an event type (its {@value EventHeaders#TYPE} header)
	 * @return the events of that type published so far, in order
	 */
	public List<RecordedEvent> ofType(String type) {
		return all().stream().filter((event) -> type.equals(event.type())).toList();
	}

	/**
	 * @param topic a topic
	 * @return the events published to that topic so far, in order
	 */
	public List<RecordedEvent> onTopic(String topic) {
		return all().stream().filter((event) -> event.topic().equals(topic)).toList();
	}

	/**
	 * Forget what was published.
	 */
	public synchronized void clear() {
		this.events.clear();
	}

}
