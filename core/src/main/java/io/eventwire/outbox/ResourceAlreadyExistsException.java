package io.eventwire.outbox;

/**
 * A resource with this id exists already.
 */
public class ResourceAlreadyExistsException extends RuntimeException {

	/**
	 * @param collection where it exists
	 * @param id its id
	 */
	public ResourceAlreadyExistsException(String collection, Object id) {
		super("A resource with id " + id + " exists in " + collection);
	}

}
