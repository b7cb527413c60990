package io.eventwire.consume;

import io.eventwire.EventHeaders;
import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;
import io.eventwire.internal.HeaderValues;

import static io.eventwire.internal.RecordDescriptions.coordinates;

/**
 * The dispatch step that has a record replayed through the retry topic handled as if it came from
 * its original topic; one without a usable {@code original_topic} is refused (to the DLQ).
 */
final class OriginalTopic implements DispatchStep {

	private final String retryTopic;

	OriginalTopic(String retryTopic) {
		this.retryTopic = retryTopic;
	}

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		if (delivery.fromRetryTopic()) {
			String original = HeaderValues.get(delivery.record().headers(), EventHeaders.ORIGINAL_TOPIC);
			if (original == null || original.isEmpty()) {
				throw new InvalidRetryRecordException("Record " + coordinates(delivery.record()) + " on the retry topic "
						+ "has no '" + EventHeaders.ORIGINAL_TOPIC + "' header, so its handler is unknown");
			}
			if (original.equals(this.retryTopic)) {
				throw new InvalidRetryRecordException("Record " + coordinates(delivery.record()) + " on the retry topic "
						+ "names the retry topic itself as its '" + EventHeaders.ORIGINAL_TOPIC + "'");
			}
			delivery.handledAs(original);
		}
		return next.proceed(delivery);
	}

}
