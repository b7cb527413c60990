package io.eventwire.test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.eventwire.EventHeaders;
import io.eventwire.correlation.CorrelationId;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records what a test's code publishes to Kafka, and publishes test events the way eventwire does.
 * <pre class="code">
 * EventRecorder events = new EventRecorder(brokers);
 * try (Recording recording = events.start("orders")) {
 *     mockMvc.perform(post("/orders")...);
 *     RecordedEvent placed = recording.awaitEvent("order_placed", Duration.ofSeconds(10));
 *     assertThat(placed.payload(OrderPlaced.class).customer()).isEqualTo("alice");
 * }
 * </pre>
 * A recording reads the real topic from the end offsets it had when the recording started, so
 * events of earlier tests on the same broker do not get in the way.
 */
public class EventRecorder {

	private final String bootstrapServers;

	private final JsonMapper jsonMapper;

	/**
	 * @param bootstrapServers the broker, e.g. {@code spring.embedded.kafka.brokers}
	 */
	public EventRecorder(String bootstrapServers) {
		this(bootstrapServers, JsonMapper.builder().build());
	}

	/**
	 * @param bootstrapServers the broker
	 * @param jsonMapper binds recorded payloads and writes published ones; use the application's
	 */
	public EventRecorder(String bootstrapServers, JsonMapper jsonMapper) {
		Assert.hasText(bootstrapServers, "bootstrapServers must not be blank");
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.bootstrapServers = bootstrapServers;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Start recording the topics from their current end.
	 * @param topics the topics
	 * @return the recording; close it when done
	 */
	public Recording start(String... topics) {
		Assert.notEmpty(topics, "topics must not be empty");
		return record(topics);
	}

	/**
	 * Start recording every topic but Kafka's internal ones: those there now from their current end,
	 * those created later from their beginning.
	 * @return the recording; close it when done
	 */
	public Recording startAll() {
		return record(new String[0]);
	}

	private Recording record(String[] topics) {
		Map<String, Object> configs = new LinkedHashMap<>();
		configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		configs.put(ConsumerConfig.GROUP_ID_CONFIG, "eventwire-recorder-" + UUID.randomUUID());
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		configs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		configs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return new Recording(configs, topics, this.jsonMapper);
	}

	/**
	 * Publish an event with the wire format's headers: a new event id, and the current correlation
	 * id or a new one.
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key
	 * @param payload the payload, written as JSON (a {@code String} is the JSON itself)
	 * @return the event id of the published event (its {@code event_id} header), once the broker
	 * has acknowledged it: what the handler's {@code EventMetadata} and a dead letter's original
	 * event id show
	 */
	public String publish(String topic, String type, String key, Object payload) {
		return publish(topic, type, key, payload, Map.of());
	}

	/**
	 * Publish an event with the wire format's headers and extra ones. A {@code correlation_id} or
	 * {@code event_id} among the extra headers is used as given, valid or not, so tests can send
	 * malformed events too.
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key
	 * @param payload the payload: an object is written as JSON; a {@code String} is taken as the JSON
	 * itself, as {@link io.eventwire.EventPublisher} takes it; a {@code byte[]} is sent as is (valid
	 * JSON or not, so tests can send malformed events)
	 * @param headers extra headers
	 * @return the {@code event_id} header sent (the one among {@code headers}, if given), once the
	 * broker has acknowledged the event
	 */
	public String publish(String topic, String type, String key, Object payload, Map<String, String> headers) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put(EventHeaders.TYPE, type);
		all.put(EventHeaders.EVENT_ID, UUID.randomUUID().toString());
		all.put(EventHeaders.CORRELATION_ID, CorrelationId.current().orElseGet(CorrelationId::generate));
		all.putAll(headers);
		byte[] value = (payload instanceof byte[] bytes) ? bytes
				: (payload instanceof String json) ? json.getBytes(StandardCharsets.UTF_8)
						: this.jsonMapper.writeValueAsBytes(payload);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
		all.forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
		Map<String, Object> configs = new LinkedHashMap<>();
		configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			RecordMetadata metadata = producer.send(record).get(30, TimeUnit.SECONDS);
			Assert.state(metadata.hasOffset(), "The broker did not acknowledge the test event");
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not publish the test event " + type + " to " + topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing a test event", ex);
		}
		return all.get(EventHeaders.EVENT_ID);
	}

}
