package io.eventwire.consume;

/**
 * Pauses and resumes consumer groups on every instance of the service, for
 * {@link EventConsumers#pause} and {@link EventConsumers#resume}.
 */
public interface GroupPauses {

	/**
	 * Pause the group on every instance; returns once this instance has paused it.
	 * @param groupId the consumer group
	 */
	void pause(String groupId);

	/**
	 * Resume the group on every instance; returns once this instance has resumed it.
	 * @param groupId the consumer group
	 */
	void resume(String groupId);

}
