package io.eventwire.autoconfigure.contract;

import io.eventwire.contract.AsyncApiWriter;
import io.eventwire.contract.EventContractCatalog;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/asyncapi}: the service's event contracts as an AsyncAPI 3.0 document, the same
 * document {@code EventContracts.write} writes in a build. Read-only.
 */
@Endpoint(id = "asyncapi", defaultAccess = Access.READ_ONLY)
public class AsyncApiEndpoint {

	private final EventContractCatalog catalog;

	private final AsyncApiWriter writer = new AsyncApiWriter();

	/**
	 * @param catalog the service's contracts
	 */
	public AsyncApiEndpoint(EventContractCatalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * @return the AsyncAPI 3.0 document
	 */
	@ReadOperation
	public ObjectNode asyncApi() {
		return this.writer.write(this.catalog.contracts());
	}

}
