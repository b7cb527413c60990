package io.eventwire.internal;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Resumes a partition that eventwire paused.
 */
public final class PartitionResumes {

	private PartitionResumes() {
	}

	/**
	 * Resume the partition in every child container: it may have moved to another consumer thread
	 * since it was paused, and a pause left behind would stop it for good if it came back.
	 * @param container the container that paused it
	 * @param partition the partition
	 */
	public static void resumeEverywhere(MessageListenerContainer container, TopicPartition partition) {
		if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
			concurrent.getContainers().forEach((child) -> child.resumePartition(partition));
		}
		else {
			container.resumePartition(partition);
		}
	}

}
