import { useId } from 'react';
import type { Brand } from '../../../core/programs/brand.js';

export interface CardFaceText {
  kindLabel: string;
  cardholderName: string;
  last4: string;
  /** "MM/YY" */
  expiry: string;
}

const W = 856;
const H = 540;
const PAD = 48;
const LOGO = 120;

/**
 * The branded card face, drawn from the brand as the merchant edits it (ID-1 proportions, the same
 * layout as the engine's exported face). Only the last 4 digits are ever drawn.
 */
export function CardFace({ brand, text, className = 'card-face', title }: { brand: Brand; text: CardFaceText; className?: string; title?: string }) {
  const gradientId = `${useId()}-g`;
  const right = brand.logo_position.endsWith('right');
  const bottom = brand.logo_position.startsWith('bottom');
  const logoX = right ? W - PAD - LOGO : PAD;
  const logoY = bottom ? H - PAD - LOGO : PAD;
  const nameX = right ? PAD : W - PAD;
  const anchor = right ? 'start' : 'end';
  const textY = bottom ? PAD + 40 : H - PAD - 100;
  const label = title ?? `${brand.name} · •••• ${text.last4}`;
  return (
    <svg className={className} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor={brand.primary_color} />
          <stop offset="1" stopColor={brand.secondary_color} />
        </linearGradient>
      </defs>
      <rect width={W} height={H} rx="36" fill={`url(#${gradientId})`} />
      {brand.logo ? (
        <image href={brand.logo} x={logoX} y={logoY} width={LOGO} height={LOGO} preserveAspectRatio="xMidYMid meet" />
      ) : (
        <g>
          <circle cx={logoX + LOGO / 2} cy={logoY + LOGO / 2} r={LOGO / 2.4} fill={brand.secondary_color} stroke={brand.text_color} strokeOpacity="0.35" strokeWidth="3" />
          <text x={logoX + LOGO / 2} y={logoY + LOGO / 2 + 18} textAnchor="middle" fontSize="52" fontWeight="700" fill={brand.text_color}>
            {brand.name.slice(0, 1).toUpperCase()}
          </text>
        </g>
      )}
      <g fontFamily="Inter, 'Segoe UI', Roboto, sans-serif" fill={brand.text_color}>
        <text x={nameX} y={bottom ? H - PAD - 70 : PAD + 44} textAnchor={anchor} fontSize="40" fontWeight="700">
          {brand.name}
        </text>
        <text x={nameX} y={bottom ? H - PAD - 30 : PAD + 84} textAnchor={anchor} fontSize="24" opacity="0.85">
          {text.kindLabel}
        </text>
        <text x={PAD} y={textY} fontSize="44" letterSpacing="6" fontFamily="'DejaVu Sans Mono', Menlo, monospace">
          {`•••• •••• •••• ${text.last4}`}
        </text>
        <text x={PAD} y={textY + 56} fontSize="28">
          {text.cardholderName.toUpperCase().slice(0, 26)}
        </text>
        <text x={W - PAD} y={textY + 56} textAnchor="end" fontSize="28">
          {text.expiry}
        </text>
      </g>
    </svg>
  );
}
