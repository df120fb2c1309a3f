import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this page, for the inline scripts Remix writes. Only the
 * server knows it; in the browser the context is empty, and browsers hide nonces from the page.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
