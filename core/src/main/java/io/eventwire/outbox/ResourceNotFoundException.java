package io.eventwire.outbox;

/**
 * The resource does not exist, or was deleted.
 */
public class ResourceNotFoundException extends RuntimeException {

	/**
	 * @param collection where it was looked for
	 * @param id its id
	 */
	public ResourceNotFoundException(String collection, Object id) {
		super("No resource with id " + id + " in " + collection);
	}

}
