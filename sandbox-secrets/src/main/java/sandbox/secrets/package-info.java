/** The embeddable API of the secret env file. */
package sandbox.secrets;
