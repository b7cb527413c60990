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

	/**
	 * @param groupId the consumer group
	 * @return whether it is paused on every instance, as this instance knows it (a group held at
	 * startup until the pauses are known was not asked to pause)
	 */
	boolean isPauseRequested(String groupId);

}
