/** A group longer than this is no pass code's group (a stray QR text): it may break anywhere. */
const LONGEST_GROUP = 12;

/**
 * A pass code, or what a scanner read, as text that wraps only between its groups: each group
 * ("XK7Q") is kept on one line, a break falls only at a dash, space or colon between them.
 */
export function PassCode({ text, className }: { text: string; className?: string }) {
  const parts = text.split(/([-\s:]+)/).filter((part) => part !== "");
  return (
    <span className={className}>
      {parts.map((part, index) =>
        /^[-\s:]+$/.test(part) || part.length > LONGEST_GROUP ? (
          part
        ) : (
          <span key={index} className="pass-code-group">
            {part}
          </span>
        ),
      )}
    </span>
  );
}
