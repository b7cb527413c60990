package io.eventwire.consume;

/**
 * Which events a consumer group handles again because it was rewound.
 */
@FunctionalInterface
public interface ReplayMarks {

	/** No group is ever rewound. */
	ReplayMarks NONE = (groupId, topic, partition, offset) -> -1;

	/**
	 * @param groupId the consumer group
	 * @param topic the event's topic
	 * @param partition its partition
	 * @param offset its offset
	 * @return the number of the rewind the event is handled again for, or -1 for a first handling
	 */
	long rewindOf(String groupId, String topic, int partition, long offset);

}
