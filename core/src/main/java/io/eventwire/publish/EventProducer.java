package io.eventwire.publish;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.Assert;

/**
 * eventwire's own producer: string keys, JSON bytes as values, {@code acks=all}, idempotent. The
 * publisher, the dead-letter queue and the outbox relay all send through it.
 * <p>
 * It wraps, rather than is, a {@link KafkaTemplate}, so the application's own
 * {@code KafkaTemplate} bean stays the only one. Destroying it closes the producer.
 */
public class EventProducer implements DisposableBean {

	private final KafkaTemplate<String, byte[]> kafkaTemplate;

	/**
	 * @param kafkaTemplate the template to send with; owned by this producer
	 */
	public EventProducer(KafkaTemplate<String, byte[]> kafkaTemplate) {
		Assert.notNull(kafkaTemplate, "kafkaTemplate must not be null");
		this.kafkaTemplate = kafkaTemplate;
	}

	/**
	 * @return the template that sends eventwire's records
	 */
	public KafkaTemplate<String, byte[]> kafkaTemplate() {
		return this.kafkaTemplate;
	}

	@Override
	public void destroy() throws Exception {
		this.kafkaTemplate.destroy();
		if (this.kafkaTemplate.getProducerFactory() instanceof DisposableBean producerFactory) {
			producerFactory.destroy();
		}
	}

}
