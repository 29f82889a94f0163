// The wall's title (its region's name on a district or street wall) and the hall clock.
import { WallClock } from '../../components/WallClock.tsx';

export function TitlePanel({ title }: { title: string }) {
  return (
    <header className="panel title-panel">
      <h1 data-testid="wall-title">{title}</h1>
      <WallClock />
    </header>
  );
}
