/**
 * The few icons the chrome uses, as inline SVG (no font or image request, `currentColor`, crisp
 * at any zoom). Decorative: the buttons carry text or an aria-label.
 */

const PATHS = {
  pause: 'M5 3h2.5v10H5zM8.5 3H11v10H8.5z',
  play: 'M5 3l8 5-8 5z',
  sidebar: 'M2 3h12v10H2zM5.5 3v10',
  chevron: 'M6 4l4 4-4 4',
  keyboard: 'M1.5 4h13v8h-13zM4 6.5h1M6.5 6.5h1M9 6.5h1M11.5 6.5h1M4.5 9.5h7'
} as const

export type IconName = keyof typeof PATHS

/** A 16×16 icon; filled shapes for play/pause, strokes for the rest. */
export function Icon({ name, className = '' }: { name: IconName; className?: string }) {
  const filled = name === 'pause' || name === 'play'
  return (
    <svg
      className={`icon ${className}`}
      width="14"
      height="14"
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill={filled ? 'currentColor' : 'none'}
      stroke={filled ? 'none' : 'currentColor'}
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  )
}
