package io.eventwire.observation;

import io.micrometer.common.KeyValues;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention;

/**
 * spring-kafka's producer observation convention, plus the event's correlation id and event id as
 * span tags, so a trace can be found from the id in a log line and the other way round.
 */
public class EventTemplateObservationConvention extends DefaultKafkaTemplateObservationConvention {

	@Override
	public KeyValues getHighCardinalityKeyValues(KafkaRecordSenderContext context) {
		return super.getHighCardinalityKeyValues(context).and(EventKeyValues.of(context.getRecord().headers()));
	}

}
